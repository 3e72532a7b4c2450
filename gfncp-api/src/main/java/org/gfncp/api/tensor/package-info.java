/** Opaque tensor handles, element types, shape arithmetic and memory scopes. */
package org.gfncp.api.tensor;
