package io.consultdesk.screening;

import java.util.Optional;

/** An enum constant with a stable code, as stored and as the API and forms spell it. */
public interface Coded {
    String code();

    /** The constant of {@code type} whose code is {@code code}, if any. */
    static <E extends Enum<E> & Coded> Optional<E> find(Class<E> type, String code) {
        for (E e : type.getEnumConstants()) {
            if (e.code().equals(code)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
