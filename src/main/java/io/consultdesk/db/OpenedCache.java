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
    private final Map<String, String> opened;

    public OpenedCache(Sealer sealer, int capacity) {
        this.sealer = sealer;
        this.opened = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        };
    }

    public Sealer sealer() {
        return sealer;
    }

    public String open(String sealed, String context) {
        if (sealed == null) {
            return null;
        }
        String key = context + '\u0000' + sealed;
        synchronized (opened) {
            String hit = opened.get(key);
            if (hit != null) {
                return hit;
            }
        }
        String plain = sealer.open(sealed, context);
        synchronized (opened) {
            opened.put(key, plain);
        }
        return plain;
    }
}
