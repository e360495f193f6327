/** The live, read-only web dashboard over a storage's studies ({@code sweep dashboard}). */
package io.sweep4j.dashboard;
