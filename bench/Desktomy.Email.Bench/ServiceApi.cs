using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Desktomy.Email.Bench;

/// <summary>The status of a response from the service and its ETag, when it has a numeric one (the settings' version).</summary>
public readonly record struct ApiResponse(int Status, long? ETag)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}

/// <summary>
/// A request to the service's HTTP API, sent by one of two clients. The open loops, whose figure is a latency, send
/// through <see cref="HttpClientApi"/> as the service's callers do. The saturated closed loops, whose figures are a
/// rate and CPU per operation, send through <see cref="LeanHttp"/>: there the clients share the 2 cores with the
/// service and PostgreSQL, and what they spend is taken from the rate measured (docs/benchmark-notes.md, round 20).
/// </summary>
public interface IServiceApi
{
    /// <param name="json">A UTF-8 JSON body, sent with its Content-Length; none when null.</param>
    /// <param name="ifMatch">The If-Match header's value, quotes included; none when null.</param>
    Task<ApiResponse> SendAsync(HttpMethod method, string path, string? bearer, byte[]? json = null, string? ifMatch = null);
}

/// <summary>The request through <see cref="HttpClient"/>: its connection pool, headers and response objects.</summary>
public sealed class HttpClientApi(HttpClient http) : IServiceApi
{
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? bearer, byte[]? json = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (json is not null)
        {
            // With its Content-Length, as browsers, curl and most clients send a small body (HttpClient's JsonContent
            // streams it chunked: a second write for the server to parse and wait for).
            request.Content = new ByteArrayContent(json) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
        }

        using var response = await http.SendAsync(request);
        var etag = response.Headers.ETag is { } tag && long.TryParse(tag.Tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : (long?)null;
        return new ApiResponse((int)response.StatusCode, etag);
    }
}

/// <summary>
/// HTTP/1.1 as a load generator speaks it (wrk, h2load): kept-alive sockets, one request in flight on each, the request
/// written in one send, the response's head parsed in place and its body read to its end (Content-Length or chunked)
/// and not kept. It sends the same bytes HttpClient sends for these requests, less the work around them.
/// </summary>
public sealed class LeanHttp(Uri address) : IServiceApi, IDisposable
{
    private readonly ConcurrentBag<Connection> _idle = [];

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? bearer, byte[]? json = null, string? ifMatch = null)
    {
        var head = new StringBuilder(512).Append(method.Method).Append(' ').Append(path).Append(" HTTP/1.1\r\nHost: ").Append(address.Authority).Append("\r\n");
        if (bearer is not null)
        {
            head.Append("Authorization: Bearer ").Append(bearer).Append("\r\n");
        }

        if (ifMatch is not null)
        {
            head.Append("If-Match: ").Append(ifMatch).Append("\r\n");
        }

        if (json is not null)
        {
            head.Append("Content-Type: application/json; charset=utf-8\r\nContent-Length: ").Append(json.Length).Append("\r\n");
        }

        head.Append("\r\n");
        var connection = _idle.TryTake(out var idle) ? idle : await Connection.OpenAsync(address);
        try
        {
            var response = await connection.SendAsync(head.ToString(), json);
            _idle.Add(connection);
            return response;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private sealed class Connection(Socket socket) : IDisposable
    {
        private byte[] _out = new byte[4096];
        private byte[] _in = new byte[16384];
        private int _length;

        public static async Task<Connection> OpenAsync(Uri address)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address.Host, address.Port);
                return new Connection(socket);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        public async Task<ApiResponse> SendAsync(string head, byte[]? body)
        {
            var size = Encoding.ASCII.GetByteCount(head) + (body?.Length ?? 0);
            if (_out.Length < size)
            {
                _out = new byte[Math.Max(size, _out.Length * 2)];
            }

            var written = Encoding.ASCII.GetBytes(head, _out);
            body?.CopyTo(_out, written);
            await socket.SendAsync(_out.AsMemory(0, size), SocketFlags.None);
            return await ReceiveAsync();
        }

        private async Task<ApiResponse> ReceiveAsync()
        {
            _length = 0;
            int headEnd;
            while ((headEnd = _in.AsSpan(0, _length).IndexOf("\r\n\r\n"u8)) < 0)
            {
                await FillAsync();
            }

            var (status, etag, contentLength, chunked) = ParseHead(_in.AsSpan(0, headEnd));
            var position = headEnd + 4;
            if (!chunked)
            {
                while (_length - position < contentLength)
                {
                    await FillAsync();
                }

                return new ApiResponse(status, etag);
            }

            // Chunks: a hexadecimal size and CRLF, the bytes and CRLF; the last has size 0 and no trailers here.
            while (true)
            {
                int lineEnd;
                while ((lineEnd = _in.AsSpan(position, _length - position).IndexOf("\r\n"u8)) < 0)
                {
                    await FillAsync();
                }

                var line = _in.AsSpan(position, lineEnd);
                var semicolon = line.IndexOf((byte)';');
                var chunk = int.Parse(semicolon < 0 ? line : line[..semicolon], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                position += lineEnd + 2 + chunk + 2;
                while (_length < position)
                {
                    await FillAsync();
                }

                if (chunk == 0)
                {
                    return new ApiResponse(status, etag);
                }
            }
        }

        private static (int Status, long? ETag, long ContentLength, bool Chunked) ParseHead(ReadOnlySpan<byte> head)
        {
            // "HTTP/1.1 200 OK", then one header a line.
            var status = int.Parse(head.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture);
            long? etag = null;
            var contentLength = 0L;
            var chunked = false;
            var rest = head[(head.IndexOf("\r\n"u8) + 2)..];
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf("\r\n"u8);
                var line = end < 0 ? rest : rest[..end];
                rest = end < 0 ? [] : rest[(end + 2)..];
                var colon = line.IndexOf((byte)':');
                var name = line[..colon];
                var value = line[(colon + 1)..].Trim(" \t"u8);
                if (Ascii.EqualsIgnoreCase(name, "ETag"u8))
                {
                    etag = long.TryParse(value.Trim((byte)'"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
                }
                else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
                {
                    contentLength = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                }
                else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
                {
                    chunked = value.IndexOf("chunked"u8) >= 0;
                }
            }

            return (status, etag, contentLength, chunked);
        }

        private async Task FillAsync()
        {
            if (_length == _in.Length)
            {
                Array.Resize(ref _in, _in.Length * 2);
            }

            var received = await socket.ReceiveAsync(_in.AsMemory(_length), SocketFlags.None);
            _length += received > 0 ? received : throw new IOException("The service closed the connection before the response's end.");
        }

        public void Dispose() => socket.Dispose();
    }
}
