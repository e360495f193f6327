/** API: storage in Optuna's relational schema (SQLite); read a study's trials and rankings from it. */
package io.sweep4j.store;
