package io.whyrec.core.model;

import java.io.IOException;
import java.util.Map;

/**
 * Typed reading of the parameter map stored in a model file (JSON numbers come back as Integer, Long or
 * Double), with an {@link IOException} naming the key when it is missing or of the wrong type.
 */
public final class StoredParams {

    private StoredParams() {
    }

    /** A numeric parameter as a double. */
    public static double doubleParam(Map<String, Object> params, String key) throws IOException {
        Object v = params.get(key);
        if (!(v instanceof Number)) {
            throw new IOException("stored parameter '" + key + "' is " + (v == null ? "missing" : "not a number: " + v));
        }
        return ((Number) v).doubleValue();
    }

    /** An integer parameter. */
    public static int intParam(Map<String, Object> params, String key) throws IOException {
        double d = doubleParam(params, key);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IOException("stored parameter '" + key + "' is not an integer: " + d);
        }
        return (int) d;
    }
}
