/** API: samplers ({@code Samplers.tpe()}, random, grid, Sobol, genetic) and the contract for writing one. */
package io.sweep4j.sampler;
