/**
 * API: the study DSL ({@code Study.named(..)...optimize()} or {@code .run(args)}), the live {@code Trial},
 * {@code Objective}, results, and the engine that runs a study ({@code StudyRunner}, its {@code RunListener}). The
 * terminal that {@code run(args)} shows is the internal package {@code io.sweep4j.console}.
 */
package io.sweep4j.study;
