/** API: reports on a stored study (HTML with plots). */
package io.sweep4j.report;
