package io.sweep4j.dl4j;

import io.sweep4j.space.Params;
import io.sweep4j.study.StudyFolder;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Whose a file is: a trial (number and parameters) of a study (name and id) of a storage (its file name or
 * PostgreSQL database), all as the database holds them. Written into every checkpoint and beside every saved model,
 * and compared when one is read back, so a file another study wrote in its place is refused, never used.
 */
record TrialStamp(String storage, String study, long studyId, int trial, String params) implements Serializable {
    private static final String STORAGE = "storage";
    private static final String STUDY = "study";
    private static final String STUDY_ID = "study_id";
    private static final String TRIAL = "trial";
    private static final String PARAMS = "params";

    static TrialStamp of(StudyFolder folder, int trial, Params params) {
        return new TrialStamp(folder.storage(), folder.study(), folder.studyId(), trial, canonical(params));
    }

    /**
     * The parameters in name order, whole numbers without a fraction: the same text for parameters as sampled and as
     * read back from either backend (an int may come back as a long or a double).
     */
    static String canonical(Params params) {
        StringJoiner j = new StringJoiner(", ");
        for (Map.Entry<String, Object> e : new TreeMap<>(params.asMap()).entrySet()) {
            Object v = e.getValue();
            String text;
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    && Math.abs(n.doubleValue()) < 1e15) {
                text = Long.toString(n.longValue());
            } else if (v instanceof Number n) {
                text = Double.toString(n.doubleValue());
            } else {
                text = String.valueOf(v);
            }
            j.add(e.getKey() + "=" + text);
        }
        return j.toString();
    }

    /** Whether {@code other} is of the same study (of the same storage), with the same parameters. */
    boolean sameConfiguration(TrialStamp other) {
        return storage.equals(other.storage) && study.equals(other.study) && studyId == other.studyId
                && params.equals(other.params);
    }

    /** Whether {@code other} is of the same study of the same storage. */
    boolean sameStudy(TrialStamp other) {
        return storage.equals(other.storage) && study.equals(other.study) && studyId == other.studyId;
    }

    /** Whether this stamp's study is the one filed under {@code studyDir}, a study folder. */
    boolean filedUnder(Path studyDir) {
        Path expected = StudyFolder.relative(storage, study, studyId);
        return studyDir.getNameCount() >= 2
                && studyDir.subpath(studyDir.getNameCount() - 2, studyDir.getNameCount()).equals(expected);
    }

    void writeTo(Properties p) {
        p.setProperty(STORAGE, storage);
        p.setProperty(STUDY, study);
        p.setProperty(STUDY_ID, Long.toString(studyId));
        p.setProperty(TRIAL, Integer.toString(trial));
        p.setProperty(PARAMS, params);
    }

    /** The stamp in {@code p}, if it has one (models saved before stamps were written have none). */
    static Optional<TrialStamp> readFrom(Properties p) {
        try {
            if (p.getProperty(STORAGE) == null || p.getProperty(STUDY) == null || p.getProperty(PARAMS) == null) {
                return Optional.empty();
            }
            return Optional.of(new TrialStamp(p.getProperty(STORAGE), p.getProperty(STUDY),
                    Long.parseLong(p.getProperty(STUDY_ID)), Integer.parseInt(p.getProperty(TRIAL)),
                    p.getProperty(PARAMS)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code trial 3 (lr=0.003, optimizer=adam) of study "x" (id 1) in x.db}. */
    String describe() {
        return "trial " + trial + " (" + params + ") of study \"" + study + "\" (id " + studyId + ") in " + storage;
    }
}
