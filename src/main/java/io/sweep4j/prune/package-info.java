/** API: pruners ({@code Pruners.median()}) that stop unpromising trials from their per-epoch reports. */
package io.sweep4j.prune;
