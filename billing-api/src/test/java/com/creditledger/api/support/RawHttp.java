package com.creditledger.api.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.1 as bytes on a socket, for requests no HTTP client would send: malformed request lines, encodings, methods. */
public final class RawHttp {

    public record Response(int status, String contentType, String body) {
    }

    private RawHttp() {
    }

    /** Sends {@code request} (which should ask for {@code Connection: close}) and reads the answer to the end. */
    public static Response send(int port, byte[] request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                in.transferTo(answer);
            } catch (IOException reset) {
                // the server may close without reading everything we sent; what it answered is what counts
            }
            // one byte a character while the framing is read; the body is decoded as UTF-8 at the end
            return parse(answer.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(String answer) {
        if (answer.isEmpty()) {
            return new Response(0, null, "");
        }
        int headersEnd = answer.indexOf("\r\n\r\n");
        String head = headersEnd < 0 ? answer : answer.substring(0, headersEnd);
        String body = headersEnd < 0 ? "" : answer.substring(headersEnd + 4);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = null;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).trim();
            }
        }
        if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = unchunked(body);
        }
        return new Response(status, contentType, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunked(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
