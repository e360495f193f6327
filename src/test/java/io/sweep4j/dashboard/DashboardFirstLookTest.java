package io.sweep4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.store.Storage;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.store.StudyGlimpse;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large study's page answers at once from a first look (the storage's counts, a sample of its trials) and says so,
 * then fills in with every trial once the full read in the background is done.
 */
class DashboardFirstLookTest {
    @TempDir
    Path tmp;

    private Path study() {
        Path db = tmp.resolve("big.db");
        Study.named("big").storage(db).minimize("loss").space(s -> s.floatRange("x", 0, 1))
                .sampler(Samplers.random(4)).budget(Budget.trials(30)).objective(t -> {
                    t.report(0, t.getDouble("x") + 1);
                    if (t.number() % 4 == 1) {
                        throw new io.sweep4j.study.TrialPrunedException("pruned by the test");
                    }
                    return t.getDouble("x");
                }).optimize();
        return db;
    }

    @Test
    void aFirstLookShowsTheStudysCountsAndSaysWhatItSampled() {
        Path db = study();
        try (Storage s = Storage.open(StorageUrl.parse(db.toString()), Storage.Access.READ_ONLY)) {
            StudyInfo info = s.studies().get(0);
            StudyGlimpse g = s.glimpse(info.studyId(), 8);
            String page = Pages.study(info, g, Clock.systemUTC());
            int shown = g.sample().trials().size();
            assertTrue(page.contains("<p class='meta'>minimize <b>loss</b> · 30 trials · 22 complete · 8 pruned"
                    + "</p>"),
                    "the study's counts, not the sample's: " + page.substring(0, 400));
            assertTrue(page.contains("id='first-look'") && page.contains("drawn from " + shown + " of the 30 trials"),
                    "says what it sampled: " + shown);
            Matcher rows = Pattern.compile("<tr class='r-").matcher(page);
            int n = 0;
            while (rows.find()) {
                n++;
            }
            assertEquals(shown, n, "the trial table holds the sample");
            String whole = Pages.study(info, StudyGlimpse.of(s.history(info.studyId())), Clock.systemUTC());
            assertFalse(whole.contains("first-look"), "a study read in full says nothing of a sample");
        }
    }

    @Test
    void aPageAskedForAtOnceIsAFirstLookThenFillsInWithEveryTrial() throws Exception {
        Path db = study();
        try (Dashboard d = Dashboard.start(StorageUrl.parse(db.toString()), "127.0.0.1", 0, Clock.systemUTC(), 8)) {
            URI at = d.address();
            String host = "127.0.0.1:" + at.getPort();
            // asked for at once: the first look, rendered before the full read began, with the study's counts
            String first = DashboardServerTest.request(at, "GET", "/api/study?name=big", host);
            assertTrue(first.contains("id='first-look'") && first.contains("of the 30 trials")
                    && first.contains("30 trials · 22 complete · 8 pruned"), first);
            assertTrue(first.matches("(?s).*\"loading\":\\d+.*"), "the answer says every trial is still being read");
            long end = System.nanoTime() + 30_000_000_000L;
            String r = "";
            while (System.nanoTime() < end && !(r.contains("\"loading\":null") && r.contains("<h1>"))) {
                Thread.sleep(300);
                r = DashboardServerTest.request(at, "GET", "/api/study?name=big", host);
            }
            assertTrue(r.contains("\"loading\":null") && r.contains("30 trials · 22 complete · 8 pruned"), r);
            assertFalse(r.contains("first-look"), "every trial shown once read");
            String list = DashboardServerTest.request(at, "GET", "/api/studies", host);
            assertTrue(list.contains("<td class='num trials'>30</td>"), list);
        }
    }
}
