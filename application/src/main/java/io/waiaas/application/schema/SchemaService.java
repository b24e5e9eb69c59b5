package io.waiaas.application.schema;

import io.waiaas.application.datadir.OfflineGuard;
import io.waiaas.application.port.in.InspectSchema;
import io.waiaas.application.port.in.MigrateSchema;
import io.waiaas.application.port.in.MigrationResult;
import io.waiaas.application.port.in.SchemaReport;
import io.waiaas.application.port.out.DaemonControl;
import io.waiaas.application.port.out.InstanceLock;
import io.waiaas.domain.SchemaDowngrade;
import io.waiaas.domain.SchemaVersion;
import java.util.Objects;

/** Show and carry out the schema gate's decision from the command line ({@code waiaas db status|migrate}). */
public final class SchemaService implements InspectSchema, MigrateSchema {
    private final SchemaGate gate;
    private final OfflineGuard offline;

    /**
     * Create the schema use cases over {@code gate}, the same gate the daemon passes at start.
     *
     * @param daemon finds a running daemon, which {@code db migrate} must not migrate under
     * @param lock the data dir's lock, held while migrating so no daemon starts meanwhile
     */
    public SchemaService(SchemaGate gate, DaemonControl daemon, InstanceLock lock) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.offline = new OfflineGuard(daemon, lock);
    }

    @Override
    public SchemaReport status() {
        return gate.inspect();
    }

    @Override
    public MigrationResult migrate() {
        InstanceLock.Lease lease = offline.acquire("waiaas db migrate");
        try {
            return gate.apply();
        } finally {
            lease.close();
        }
    }

    @Override
    public SchemaDowngrade planDowngrade(SchemaVersion target) {
        return gate.planDowngrade(target);
    }

    @Override
    public SchemaDowngrade downgrade(SchemaVersion target) {
        InstanceLock.Lease lease = offline.acquire("waiaas db downgrade --to " + target);
        try {
            return gate.downgrade(target);
        } finally {
            lease.close();
        }
    }
}
