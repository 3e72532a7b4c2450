/** The clustering result and the clustering contract shared by every algorithm. */
package org.gfncp.api.cluster;
