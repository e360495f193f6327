/** API: IDX data sets (MNIST, Fashion-MNIST, the embedded mini set), their loading and splits. */
package io.sweep4j.data;
