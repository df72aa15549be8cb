using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Desktomy.Email.Bench;

/// <summary>EXPERIMENT: a minimal HTTP/1.1 client over kept-alive sockets.</summary>
public sealed class RawHttp(Uri address) : IDisposable
{
    private readonly ConcurrentBag<Connection> _idle = [];

    public async Task<(int Status, long? ETag)> SendAsync(byte[] request)
    {
        if (!_idle.TryTake(out var connection))
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(address.Host, address.Port);
            connection = new Connection(socket);
        }

        try
        {
            return await connection.SendAsync(request);
        }
        finally
        {
            _idle.Add(connection);
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var c))
        {
            c.Socket.Dispose();
        }
    }

    private sealed class Connection(Socket socket)
    {
        public Socket Socket => socket;
        private readonly byte[] _buffer = new byte[16384];

        public async Task<(int, long?)> SendAsync(byte[] request)
        {
            await socket.SendAsync(request, SocketFlags.None);
            var length = 0;
            int headerEnd;
            while ((headerEnd = _buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
            {
                length += await Receive(length);
            }

            var head = Encoding.ASCII.GetString(_buffer, 0, headerEnd);
            var status = int.Parse(head.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
            long? etag = null;
            long contentLength = -1;
            var chunked = false;
            foreach (var line in head.Split("\r\n"))
            {
                if (line.StartsWith("ETag:", StringComparison.OrdinalIgnoreCase))
                {
                    etag = long.Parse(line.AsSpan(5).Trim().Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    contentLength = long.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase) && line.Contains("chunked"))
                {
                    chunked = true;
                }
            }

            var bodyStart = headerEnd + 4;
            if (chunked)
            {
                while (!_buffer.AsSpan(bodyStart, length - bodyStart).EndsWith("0\r\n\r\n"u8))
                {
                    length += await Receive(length);
                }
            }
            else
            {
                while (length - bodyStart < contentLength)
                {
                    length += await Receive(length);
                }
            }

            return (status, etag);
        }

        private async ValueTask<int> Receive(int offset)
        {
            var n = await socket.ReceiveAsync(_buffer.AsMemory(offset), SocketFlags.None);
            if (n == 0)
            {
                throw new IOException("closed");
            }

            return n;
        }
    }
}
