package io.sweep4j.study;

import io.sweep4j.space.UsageException;
import io.sweep4j.store.SpaceDescription;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.store.StoredStudy;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a stored study may be resumed with this definition: same objectives in the same order with the same
 * directions, same metric, same search space
 * (unless a change is allowed). Run once on a read-only look at the file before it is opened for writing, so a
 * refused resume leaves the file as it was, and again on the study the write-open found (another process may have
 * created it in between).
 */
final class ResumeCheck {
    private ResumeCheck() {
    }

    /** Refuses, before anything is written, a definition that does not match the stored study of that name. */
    static void beforeOpen(StudySpec spec) {
        // a server checks inside its transactions; a SQLite file would be switched to WAL by the first open
        if (spec.storage() instanceof StorageUrl.Sqlite sqlite) {
            StoredStudy.find(sqlite.file(), spec.name()).ifPresent(info -> spaceChanged(spec, info));
        }
    }

    /**
     * Refuses a mismatch with {@code info}; true when the space changed and the change is allowed, so the caller
     * stores the new one.
     */
    static boolean spaceChanged(StudySpec spec, StudyInfo info) {
        sameObjectives(spec, info);
        if (info.direction() != spec.direction()) {
            throw new UsageException("direction", spec.direction(), "study \"" + spec.name() + "\" in " + spec.storage()
                    + " was created to " + info.direction() + "; keep its direction or use a new study name");
        }
        Object storedMetric = info.systemAttributes().get(Attributes.METRIC);
        if (storedMetric != null && !storedMetric.equals(spec.metric())) {
            throw new UsageException("metric", spec.metric(), "study \"" + spec.name() + "\" optimizes "
                    + storedMetric + "; keep that metric or use a new study name");
        }
        Object storedSpace = info.systemAttributes().get(Attributes.SPACE);
        if (storedSpace == null) {
            return false;
        }
        List<String> diffs = SpaceDescription.differences(storedSpace, spaceNow(spec));
        if (diffs.isEmpty()) {
            return false;
        }
        if (!spec.allowSpaceChange()) {
            throw new UsageException("search space", spec.name(), "it differs from the stored one:\n"
                    + String.join("\n", diffs) + "\nrestore the old space, use a new study name, or pass"
                    + " --allow-space-change (Study.allowSpaceChange()) to continue with the new one");
        }
        return true;
    }

    /**
     * Refuses another number, order or direction of objectives: the stored values are one per objective in the
     * stored order, so a changed list would pair old values with the wrong names and directions.
     */
    private static void sameObjectives(StudySpec spec, StudyInfo info) {
        Objectives now = spec.objectives();
        Object storedNames = info.systemAttributes().get(Attributes.METRIC_NAMES);
        List<String> names = storedNames instanceof List<?> l ? l.stream().map(String::valueOf).toList() : null;
        if (names == null && info.directions().size() == 1 && !now.several()) {
            return; // one objective: the direction and metric checks below say what differs, as they always have
        }
        boolean sameNames = names == null || names.equals(now.names());
        if (!sameNames || !info.directions().equals(now.directions())) {
            List<String> stored = new ArrayList<>();
            for (int i = 0; i < info.directions().size(); i++) {
                stored.add(info.directions().get(i).name().toLowerCase(Locale.ROOT)
                        + (names != null && i < names.size() ? " " + names.get(i) : ""));
            }
            throw new UsageException("objectives", now.describe(), "study \"" + spec.name() + "\" in "
                    + spec.storage() + " was created with " + info.directions().size() + " objective"
                    + (info.directions().size() == 1 ? "" : "s") + " (" + String.join(", ", stored) + "); its stored"
                    + " values follow that list, so keep the same objectives in the same order, or use a new study"
                    + " name (nothing was written)");
        }
    }

    static List<Map<String, Object>> spaceNow(StudySpec spec) {
        return SpaceDescription.of(spec.space());
    }
}
