package io.whyrec.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a request it refuses before the routes see it: a malformed path or bad UTF-8, header
 * fields too large, a bad request line) as the API's JSON error shape, {@code {"error": "..."}}, with the security
 * headers of every answer, instead of Jetty's HTML page. The message is Jetty's reason phrase and message; no stack
 * trace or class name is ever written.
 */
public final class JsonErrors extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body of an error answer. */
    static byte[] body(int status, String message) {
        String reason = HttpStatus.getMessage(status);
        String text = message == null || message.isBlank() || message.equals(reason) ? reason
                : reason + ": " + message;
        try {
            return JSON.writeValueAsBytes(Map.of("error", text.toLowerCase(java.util.Locale.ROOT)));
        } catch (IOException e) {
            return ("{\"error\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        SecurityHeaders.HEADERS.forEach((k, v) -> response.getHeaders().put(k, v));
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8"));
        SecurityHeaders.HEADERS.forEach(fields::put);
        return ByteBuffer.wrap(body(status, reason));
    }
}
