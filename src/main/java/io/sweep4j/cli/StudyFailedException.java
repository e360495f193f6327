package io.sweep4j.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

/** A study file's {@code main} threw; wraps the cause so the CLI can report it and exit 1 (or 2 for usage errors). */
final class StudyFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StudyFailedException(Throwable cause) {
        super(cause.getMessage(), cause);
    }

    /** Calls {@code cls}'s static {@code main(String[])}; what it throws comes back wrapped in this exception. */
    static void runMain(Class<?> cls, List<String> args) throws ReflectiveOperationException {
        Method main = cls.getMethod("main", String[].class);
        if (!Modifier.isStatic(main.getModifiers())) {
            throw new NoSuchMethodException(cls.getName() + ".main is not static");
        }
        try {
            main.invoke(null, (Object) args.toArray(new String[0]));
        } catch (InvocationTargetException e) {
            throw new StudyFailedException(e.getCause());
        }
    }
}
