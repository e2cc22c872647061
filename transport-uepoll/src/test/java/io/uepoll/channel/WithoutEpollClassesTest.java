package io.uepoll.channel;

import io.netty.channel.ChannelOption;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import static org.junit.jupiter.api.Assertions.*;

/**
 * netty-transport-classes-epoll is an optional dependency: the config classes and the epoll-name
 * mapping load and work in a class loader that cannot see {@code io.netty.channel.epoll} at all.
 */
class WithoutEpollClassesTest {
    /** Loads io.uepoll.channel classes itself (so their references resolve here) and hides the epoll package. */
    private static final class HidingLoader extends ClassLoader {
        HidingLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("io.netty.channel.epoll.")) {
                    throw new ClassNotFoundException(name + " hidden by the test");
                }
                if (!name.startsWith("io.uepoll.channel.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : define(name);
            }
        }

        private Class<?> define(String name) throws ClassNotFoundException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    @Test
    void configsAndTheEpollNameMappingWorkWithoutTheEpollClasses() throws Exception {
        ClassLoader hiding = new HidingLoader(getClass().getClassLoader());
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.netty.channel.epoll.EpollMode", false, hiding));
        for (String config : new String[] {"UepollSocketChannelConfig", "UepollServerSocketChannelConfig",
            "UepollDatagramChannelConfig", "UepollDomainSocketChannelConfig", "UepollServerDomainSocketChannelConfig",
            "UepollDomainDatagramChannelConfig", "UepollChannelOption"}) {
            Class.forName("io.uepoll.channel." + config, true, hiding);
        }
        Class<?> aliases = Class.forName("io.uepoll.channel.EpollOptionAliases", true, hiding);
        Method ours = aliases.getDeclaredMethod("ours", ChannelOption.class);
        Method checkMode = aliases.getDeclaredMethod("checkEpollMode", Object.class);
        ours.setAccessible(true);
        checkMode.setAccessible(true);

        // The epoll constants are plain pooled ChannelOptions: one made by name is the same option.
        ChannelOption<Integer> keepIdle = ChannelOption.valueOf("io.netty.channel.epoll.EpollChannelOption#TCP_KEEPIDLE");
        assertEquals("io.uepoll.channel.UepollChannelOption#TCP_KEEPIDLE", ((ChannelOption<?>) ours.invoke(null, keepIdle)).name());
        assertSame(ChannelOption.SO_RCVBUF, ours.invoke(null, ChannelOption.SO_RCVBUF));
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> checkMode.invoke(null, "LEVEL"));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }
}
