package io.sweep4j.cli;

/** A study file's {@code main} threw; wraps the cause so the CLI can report it and exit 1 (or 2 for usage errors). */
final class StudyFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StudyFailedException(Throwable cause) {
        super(cause.getMessage(), cause);
    }

    /** Calls {@code cls}'s static {@code main(String[])}; what it throws comes back wrapped in this exception. */
    static void runMain(Class<?> cls, java.util.List<String> args) throws ReflectiveOperationException {
        java.lang.reflect.Method main = cls.getMethod("main", String[].class);
        if (!java.lang.reflect.Modifier.isStatic(main.getModifiers())) {
            throw new NoSuchMethodException(cls.getName() + ".main is not static");
        }
        try {
            main.invoke(null, (Object) args.toArray(new String[0]));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new StudyFailedException(e.getCause());
        }
    }
}
