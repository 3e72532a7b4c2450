/** Tests of backend selection and Guice wiring, with in-test fake providers (no native code). */
package org.gfncp.core.inject;
