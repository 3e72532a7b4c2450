/** End-to-end tests of the experiment commands with the real models on the reference backend, at tiny sizes. */
package org.gfncp.experiments;
