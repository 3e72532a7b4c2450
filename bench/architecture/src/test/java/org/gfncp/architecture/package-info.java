/** ArchUnit rules over the production classes of every module, and the proof that each rule reports violations. */
package org.gfncp.architecture;
