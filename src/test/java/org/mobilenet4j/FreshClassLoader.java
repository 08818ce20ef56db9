package org.mobilenet4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

/**
 * Defines every org.mobilenet4j class anew from the parent's class files (so static state starts fresh) and
 * delegates the rest to the parent, except the classes {@code refused} names, which are not found.
 */
public final class FreshClassLoader extends ClassLoader {
    private final Predicate<String> refused;

    public FreshClassLoader(ClassLoader parent, Predicate<String> refused) {
        super(parent);
        this.refused = refused;
    }

    public FreshClassLoader(ClassLoader parent) {
        this(parent, name -> false);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (refused.test(name)) {
            throw new ClassNotFoundException("refused: " + name);
        }
        if (!name.startsWith("org.mobilenet4j.")) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in == null) {
                        throw new ClassNotFoundException(name);
                    }
                    byte[] b = in.readAllBytes();
                    c = defineClass(name, b, 0, b.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
            return c;
        }
    }
}
