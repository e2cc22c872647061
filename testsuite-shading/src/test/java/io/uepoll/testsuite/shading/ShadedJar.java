package io.uepoll.testsuite.shading;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One shaded jar in a class loader of its own whose parent sees only the JDK, so the unshaded
 * Netty and transport on the test classpath can never stand in for the relocated classes.
 */
final class ShadedJar implements AutoCloseable {
    private final URLClassLoader loader;
    private final String uepollPackage;

    private ShadedJar(URLClassLoader loader, String uepollPackage) {
        this.loader = loader;
        this.uepollPackage = uepollPackage;
    }

    /**
     * Opens the jar named by the system property {@code jarProperty} (set by this module's pom).
     *
     * @param uepollPackage where {@code io.uepoll} went in that jar
     */
    static ShadedJar open(String jarProperty, String uepollPackage) throws Exception {
        String file = System.getProperty(jarProperty);
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            throw new IllegalStateException("system property " + jarProperty + " names no jar: " + file
                    + " (run through Maven: the jars are made at package)");
        }
        URL url = Path.of(file).toUri().toURL();
        return new ShadedJar(new URLClassLoader(new URL[] {url}, ClassLoader.getPlatformClassLoader()), uepollPackage);
    }

    Class<?> load(String className) throws ClassNotFoundException {
        return Class.forName(className, false, loader);
    }

    /** {@code Uepoll.unavailabilityCause()} of the transport inside the jar. */
    Throwable unavailabilityCause() throws Exception {
        return (Throwable) call(uepollPackage + ".channel.Uepoll", "unavailabilityCause");
    }

    String ringUnavailability(String ring) throws Exception {
        return (String) call(probe(), "ringUnavailability", ring);
    }

    String echo(String ring, String message) throws Exception {
        return (String) call(probe(), "echo", ring, message);
    }

    private String probe() {
        return uepollPackage + ".testsuite.shading.EchoProbe";
    }

    /** Calls a public static method whose parameters are all strings; rethrows what the method threw. */
    private Object call(String className, String method, String... args) throws Exception {
        Class<?>[] types = new Class<?>[args.length];
        java.util.Arrays.fill(types, String.class);
        try {
            return Class.forName(className, true, loader).getMethod(method, types).invoke(null, (Object[]) args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        loader.close();
    }
}
