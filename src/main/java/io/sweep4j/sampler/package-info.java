/** API: samplers ({@code Samplers.tpe()}, random, grid, Sobol, genetic, Gaussian process) and the contract for writing one. */
package io.sweep4j.sampler;
