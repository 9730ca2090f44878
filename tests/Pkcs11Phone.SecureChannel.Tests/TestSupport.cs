namespace Pkcs11Phone.SecureChannel.Tests;

internal static class TestSupport
{
    /// <summary>Runs a handshake to completion, returning every message sent.</summary>
    public static List<byte[]> Complete(HandshakeState initiator, HandshakeState responder)
    {
        var messages = new List<byte[]>();
        var (writer, reader) = (initiator, responder);
        while (!initiator.IsComplete || !responder.IsComplete)
        {
            var message = writer.WriteMessage([]);
            reader.ReadMessage(message);
            messages.Add(message);
            (writer, reader) = (reader, writer);
        }

        return messages;
    }

    public static byte[] Flip(byte[] data, int index, byte mask = 0x01)
    {
        var copy = (byte[])data.Clone();
        copy[index] ^= mask;
        return copy;
    }

    public static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
