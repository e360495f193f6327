package io.sweep4j.resume;

import java.io.IOException;

/** Lets tests of other packages ask what {@link ChildJvm} knows about signals. */
public final class ChildJvmAccess {
    private ChildJvmAccess() {
    }

    /** Whether this JVM ignores SIGINT (and so would every child it starts). */
    public static boolean sigintIgnored() throws IOException {
        return ChildJvm.sigintIgnoredHere();
    }
}
