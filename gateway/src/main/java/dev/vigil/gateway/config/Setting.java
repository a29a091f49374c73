package dev.vigil.gateway.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares one configuration key on a component of a configuration record: its default and any
 * further environment names, next to the key itself. The key is the component's name in
 * snake_case (or {@link #name()}); {@link ConfigLoader} reads it from the file's section and from
 * {@code VIGIL_<SECTION>_<KEY>} (top-level keys: {@code VIGIL_<KEY>}), typed by the component's type.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Setting {

    /** Marks "no default": the key is null unless set (the record decides what null means). */
    String NONE = "\u0000none";

    /** The key in the file, when it is not the component's name in snake_case. */
    String name() default "";

    /** The default, written as it would be in an environment variable. */
    String def() default NONE;

    /** Further environment variables for this key (aliases), besides {@code VIGIL_<SECTION>_<KEY>}; that one wins. */
    String[] env() default {};

    /** Former names of the key: still refused, with a message naming this one. */
    String[] was() default {};
}
