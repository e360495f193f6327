package io.sweep4j.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Who claimed a trial, stored as {@code sweep4j:worker} = {@code host|pid|start|heartbeat ms|machine}: unique without
 * DNS (the machine is {@code /etc/machine-id}, or a random id when there is none), so two machines whose host names
 * resolve to the same thing never judge each other's processes by pid. The host is for people reading it.
 */
record WorkerId(String host, long pid, String start, long heartbeatMs, String machine) {
    private static final String MACHINE = machineId();

    /** This process, announcing heartbeats every {@code heartbeatMs}. */
    static WorkerId current(long heartbeatMs) {
        ProcessHandle self = ProcessHandle.current();
        return new WorkerId(hostName(), self.pid(), self.info().startInstant().map(Instant::toString).orElse("?"),
                heartbeatMs, MACHINE);
    }

    String encode() {
        return host + "|" + pid + "|" + start + "|" + heartbeatMs + "|" + machine;
    }

    /** A stored worker record; records of sweep4j before 2026-11-30 have no machine (empty). */
    static Optional<WorkerId> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String[] p = s.split("\\|");
        if (p.length < 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new WorkerId(p[0], Long.parseLong(p[1]), p[2], Long.parseLong(p[3]),
                    p.length >= 5 ? p[4] : ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether this worker is a process of this machine that no longer runs (its pid gone, or reused). */
    boolean isDeadLocalProcess() {
        if (machine.isEmpty() || !machine.equals(MACHINE)) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty()) {
            return true;
        }
        Optional<Instant> started = p.get().info().startInstant();
        return started.isPresent() && !started.get().toString().equals(start);
    }

    private static String machineId() {
        for (String f : new String[] {"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
            try {
                String id = Files.readString(Path.of(f)).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            } catch (IOException | RuntimeException e) {
                // try the next source
            }
        }
        // no machine id: a random one per process is still unique, it only cannot recognize a dead sibling by pid
        return "random-" + UUID.randomUUID();
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown-host";
        }
    }
}
