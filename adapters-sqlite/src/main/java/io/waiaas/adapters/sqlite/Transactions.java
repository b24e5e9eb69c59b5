package io.waiaas.adapters.sqlite;

import io.helidon.dbclient.DbTransaction;

/** Helpers for Helidon DbClient transactions. */
final class Transactions {
    private Transactions() {}

    /** Roll {@code tx} back after {@code failure}; a failing rollback must not hide the original failure. */
    static void rollbackQuietly(DbTransaction tx, RuntimeException failure) {
        try {
            tx.rollback();
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
