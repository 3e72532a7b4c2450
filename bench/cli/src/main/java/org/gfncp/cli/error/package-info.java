/** Errors the user can fix and the tool's exit codes; every other package of the tool reports through these. */
package org.gfncp.cli.error;
