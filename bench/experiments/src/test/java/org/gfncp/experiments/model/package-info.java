/** Test fakes of the experiment model contract. */
package org.gfncp.experiments.model;
