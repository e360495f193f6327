/** API: the search space — parameter types, conditional parameters, a sampled assignment ({@code Params}). */
package io.sweep4j.space;
