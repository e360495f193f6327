package io.sweep4j.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.store.PgTestServer;
import io.sweep4j.store.Storage;
import io.sweep4j.trial.Attributes;
import io.sweep4j.trial.History;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several machines on one PostgreSQL study, as issue 10's users run it: 4 worker processes on one study, a random
 * one killed with SIGKILL again and again (and replaced by a new one), and the database server restarted under
 * them halfway through. The workers reconnect and go on; the study ends exactly on budget with nothing lost, twice
 * or left RUNNING, the same checks as {@link ChaosKillTest} on SQLite.
 *
 * <p>{@code -Dchaos.kills=20} runs the long measurement; the suite runs 3 kills. {@code -Dchaos.pgRestart=immediate}
 * restarts as after a crash instead of {@code fast} (every session ended, a clean shutdown).
 */
class PgChaosKillTest {
    private static final int WORKERS = 4;

    @TempDir
    Path dir;

    private final List<ChildJvm> children = new ArrayList<>();
    private PgTestServer server;

    @AfterEach
    void stopAll() {
        for (ChildJvm c : children) {
            c.process().destroyForcibly();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void workersKilledAgainAndAgainAndAServerRestartLoseNothingAndEndExactlyOnBudget() throws Exception {
        int kills = Integer.getInteger("chaos.kills", 3);
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        String restartMode = System.getProperty("chaos.pgRestart", "fast");
        // 4 workers on PostgreSQL get through ~100 trials a second here: enough budget that the kills and the restart
        // land on running workers, not on a study already done
        int budget = 300 * kills + 300;
        Random random = new Random(seed);
        // its own server: restarting the suite's shared one would cut the other tests' connections
        server = PgTestServer.startOwn();
        String url = server.newDatabase();
        ChildJvm[] workers = new ChildJvm[WORKERS];
        for (int w = 0; w < WORKERS; w++) {
            workers[w] = start(url, "w" + w, budget);
        }
        ChaosLedger ledger = new ChaosLedger(budget);
        Set<String> killedPids = new HashSet<>();
        int killedDuringRun = 0;
        int restartAt = kills / 2;
        String reconnected = "no restart";
        for (int k = 0; k < kills; k++) {
            int w = random.nextInt(WORKERS);
            ChildJvm victim = workers[w];
            ChaosKillTest.waitForAKillMoment(victim, random);
            boolean wasAlive = victim.process().isAlive();
            victim.process().destroyForcibly().waitFor();
            killedPids.add(Long.toString(victim.process().pid()));
            Map<Integer, String> logged = ChaosKillTest.loggedFinished(victim.stderr());
            if (wasAlive && !logged.isEmpty()) {
                killedDuringRun++;
            }
            History h = history(url);
            if (h != null) {
                // the other workers keep running: their RUNNING trials are alive, so zombies are counted at the end
                ledger.check(h, logged, false);
            }
            System.out.printf("kill %d of worker %d (alive=%s): %d finished, %d running, %d logged%n", k, w,
                    wasAlive, ledger.finished(), ledger.running(), logged.size());
            workers[w] = start(url, "w" + w + "-" + k, budget);
            if (k == restartAt) {
                // the restart lands on 4 running workers; a worker whose very first connection is refused exits 2
                // ("cannot reach a PostgreSQL server"), as for a wrong port: a bad URL must not hang
                waitForFirstLogged(workers[w]);
                reconnected = restartUnder(workers, restartMode);
            }
        }
        for (ChildJvm c : workers) {
            assertEquals(0, c.process().waitFor(), c.stderr());
        }
        History h = history(url);
        // every worker's logged trials, the survivors' included, are stored as logged
        Map<Integer, String> logged = new HashMap<>();
        for (ChildJvm c : children) {
            logged.putAll(ChaosKillTest.loggedFinished(c.stderr()));
        }
        ledger.end(h, logged);
        // a restart ends sessions, not trials: a live worker's trials interrupted are printed with what its log says
        List<Integer> interruptedAlive = h.trials().stream().filter(ChaosLedger::isInterrupted)
                .filter(t -> t.systemAttributes().get(Attributes.WORKER) instanceof String w
                        && !killedPids.contains(w.split("\\|")[1])).map(t -> t.number()).toList();
        System.out.printf("PGCHAOS seed=%d workers=%d kills=%d (%d during trials) restart=%s (%s) budget=%d: %s;"
                + " interrupted trials of workers never killed: %s%n", seed, WORKERS, kills, killedDuringRun,
                restartMode, reconnected, budget, ledger.summary(h), interruptedAlive);
        for (int n : interruptedAlive) {
            System.out.println("PGCHAOS interrupted without a kill: " + h.trials().get(n));
            for (ChildJvm c : children) {
                c.stderr().lines().filter(l -> l.contains("trial " + n + " ") || l.contains("trial " + n + ":")
                        || (l.contains("marked interrupted") && l.matches(".*[\\[ ]" + n + "[,\\]].*")))
                        .forEach(l -> System.out.println("  pid " + c.process().pid() + ": " + l));
            }
        }
        // not asserted: a worker starved of CPU past its grace (4 heartbeats of 200 ms) is rightly judged dead on a
        // loaded machine; its result is then not stored and the retry counts instead, so nothing above changes
        ledger.assertClean(h);
    }

    /**
     * Restarts the server while the workers run and waits until each worker alive at the restart has logged a trial
     * finished after it (or ended its run); a worker that died of the restart fails the test.
     */
    private String restartUnder(ChildJvm[] workers, String mode) throws Exception {
        int[] logLength = new int[workers.length];
        for (int w = 0; w < workers.length; w++) {
            logLength[w] = workers[w].stderr().length();
        }
        long t0 = System.nanoTime();
        server.restart(mode);
        long restartMs = (System.nanoTime() - t0) / 1_000_000;
        int continued = 0;
        int ended = 0;
        for (int w = 0; w < workers.length; w++) {
            ChildJvm c = workers[w];
            long deadline = System.currentTimeMillis() + 120_000;
            while (c.process().isAlive() && System.currentTimeMillis() < deadline
                    && !finishedSince(c, logLength[w])) {
                Thread.sleep(20);
            }
            if (finishedSince(c, logLength[w])) {
                continued++;
            } else {
                assertTrue(!c.process().isAlive() && c.process().exitValue() == 0,
                        "worker " + w + " did not go on after the server restart: " + c.stderr());
                ended++;
            }
        }
        String what = String.format("restart took %d ms; %d of %d workers finished trials after it, %d had ended"
                + " their run", restartMs, continued, workers.length, ended);
        System.out.println("PGCHAOS " + what);
        return what;
    }

    private static void waitForFirstLogged(ChildJvm c) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (c.process().isAlive() && System.currentTimeMillis() < end && !finishedSince(c, 0)) {
            Thread.sleep(10);
        }
    }

    /** Whether the worker logged a trial COMPLETE or PRUNED (not failed) after the first {@code from} chars. */
    private static boolean finishedSince(ChildJvm c, int from) throws java.io.IOException {
        return ChaosKillTest.LOGGED.matcher(c.stderr().substring(from)).find();
    }

    private ChildJvm start(String url, String tag, int budget) throws Exception {
        // half the workers sample with TPE, half at random; every proposal is made after its trial is reserved and
        // takes at least 5 ms, so kills fall between the reservation and the parameters' store too
        List<String> sampler = tag.hashCode() % 2 == 0 ? List.of("-Dsampler=tpe", "-DproposeMs=5")
                : List.of("-DproposeMs=5");
        ChildJvm c = ChildJvm.start(dir, tag, sampler, url, "chaos", "chaos", Integer.toString(budget), "2", "200");
        children.add(c);
        return c;
    }

    /** The study as stored, or null if no worker created it yet. */
    private static History history(String url) {
        try (Storage s = Storage.open(url)) {
            return s.studies().stream().findFirst().map(i -> s.history(i.studyId())).orElse(null);
        }
    }
}
