/**
 * Internal: the custody of a SQLite study file as a file, below the storage that reads Optuna's schema in it: the
 * checks before SQLite touches it, reading it without leaving files beside it, copies that hold the study, the rule
 * for any file a command writes, and the per-user temp folder; public only for sweep4j's own packages. Knows nothing
 * of Optuna's tables (its callers' checks are passed in).
 */
package io.sweep4j.store.file;
