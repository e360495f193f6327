package io.sweep4j.cli;

import io.sweep4j.dashboard.Dashboard;
import io.sweep4j.space.UsageException;
import io.sweep4j.store.StorageUrl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sweep dashboard DB}: serves the storage's studies live, read-only, to a browser (see {@link Dashboard}). */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Watch a storage's studies live in a browser, read-only.",
            "Everything the report shows, updated as trials start, report and end, with each running trial's latest"
                + " epoch and a page per trial. It never writes to the storage. Ctrl-C stops it."})
final class DashboardCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "STORAGE", description = {"the storage: a SQLite file, sqlite:///abs/x.db or",
        "postgresql://user@host:5432/db"})
    String db;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "the port (default 8080;"
            + " 0 picks a free one)")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "the address to"
            + " listen on (default 127.0.0.1: this machine only; 0.0.0.0 lets anyone on the network read the study)")
    String host;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new UsageException("--port", Integer.toString(port), "give a port from 1 to 65535, or 0 for any");
        }
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                System.err.println("warning: --host " + host + " serves the dashboard beyond this machine: anyone who"
                        + " can reach it on the network can read every study in " + db + " (there is no login)");
            }
        } catch (UnknownHostException e) {
            throw new UsageException("--host", host, "not an address of this machine; use 127.0.0.1 or 0.0.0.0");
        }
        Dashboard dashboard;
        try {
            dashboard = Dashboard.start(StorageUrl.parse(db), host, port, Clock.systemUTC());
        } catch (java.net.BindException e) {
            throw new UsageException("--port", Integer.toString(port), "cannot listen there (" + e.getMessage()
                    + "); pick another port, or 0 for any free one");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dashboard.close();
            stopped.countDown();
        }, "sweep-dashboard-stop"));
        System.out.println("sweep dashboard: " + dashboard.address() + " (read-only; Ctrl-C stops it)");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
