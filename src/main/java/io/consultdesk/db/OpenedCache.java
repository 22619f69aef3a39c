package io.consultdesk.db;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sealed values already opened, so that a list of requests (the inbox, the urgent count in every staff page)
 * does not decrypt the same values on every view. Keyed by the sealed text and its context together, so a
 * value moved to another row is still checked; a value that changed is sealed anew (a fresh nonce) and so
 * is a new key. Holds at most {@code capacity} values, least recently used first out. In memory only.
 */
public final class OpenedCache {
    private final Sealer sealer;
    private final Map<String, Object> opened;

    public OpenedCache(Sealer sealer, int capacity) {
        this.sealer = sealer;
        this.opened = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    public Sealer sealer() {
        return sealer;
    }

    public String open(String sealed, String context) {
        return open(sealed, context, plain -> plain);
    }

    /**
     * Opens a sealed value and reads it with {@code read} (e.g. JSON into a record), keeping what was read: a list
     * that opens the same values again neither decrypts nor parses them again. {@code read} must always give the
     * same kind of value for a context (the cache does not tell readers apart).
     */
    @SuppressWarnings("unchecked")
    public <T> T open(String sealed, String context, java.util.function.Function<String, T> read) {
        if (sealed == null) {
            return null;
        }
        String key = context + '\u0000' + sealed;
        synchronized (opened) {
            Object hit = opened.get(key);
            if (hit != null) {
                return (T) hit;
            }
        }
        T value = read.apply(sealer.open(sealed, context));
        if (value != null) {
            synchronized (opened) {
                opened.put(key, value);
            }
        }
        return value;
    }
}
