/** API: the study DSL ({@code Study.named(..)...optimize()}), the live {@code Trial}, {@code Objective}, results. */
package io.sweep4j.study;
