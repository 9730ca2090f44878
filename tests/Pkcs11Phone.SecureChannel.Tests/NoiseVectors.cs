using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pkcs11Phone.SecureChannel.Tests;

/// <summary>One vector in the cacophony / snow JSON format.</summary>
public sealed class NoiseVector
{
    [JsonPropertyName("protocol_name")]
    public string ProtocolName { get; set; } = "";

    [JsonPropertyName("init_prologue")]
    public string InitPrologue { get; set; } = "";

    [JsonPropertyName("init_psks")]
    public List<string>? InitPsks { get; set; }

    [JsonPropertyName("init_static")]
    public string? InitStatic { get; set; }

    [JsonPropertyName("init_ephemeral")]
    public string? InitEphemeral { get; set; }

    [JsonPropertyName("init_remote_static")]
    public string? InitRemoteStatic { get; set; }

    [JsonPropertyName("resp_prologue")]
    public string RespPrologue { get; set; } = "";

    [JsonPropertyName("resp_psks")]
    public List<string>? RespPsks { get; set; }

    [JsonPropertyName("resp_static")]
    public string? RespStatic { get; set; }

    [JsonPropertyName("resp_ephemeral")]
    public string? RespEphemeral { get; set; }

    [JsonPropertyName("resp_remote_static")]
    public string? RespRemoteStatic { get; set; }

    [JsonPropertyName("handshake_hash")]
    public string? HandshakeHash { get; set; }

    [JsonPropertyName("messages")]
    public List<NoiseVectorMessage> Messages { get; set; } = [];

    /// <summary>Which file the vector came from, and its index there.</summary>
    [JsonIgnore]
    public string Origin { get; set; } = "";

    public override string ToString() => $"{Origin} {ProtocolName}";
}

public sealed class NoiseVectorMessage
{
    [JsonPropertyName("payload")]
    public string Payload { get; set; } = "";

    [JsonPropertyName("ciphertext")]
    public string Ciphertext { get; set; } = "";
}

public static class NoiseVectors
{
    /// <summary>The embedded vector files (see the csproj and each file's "_source").</summary>
    public static readonly string[] Files = ["cacophony-supported.json", "snow-supported.json"];

    private static readonly Lazy<IReadOnlyList<NoiseVector>> AllVectors = new(Load);

    public static IReadOnlyList<NoiseVector> All => AllVectors.Value;

    public static IEnumerable<TestCaseData> Cases() =>
        All.Select(v => new TestCaseData(v).SetName($"Vector {v.Origin} {v.ProtocolName}"));

    private static List<NoiseVector> Load()
    {
        var result = new List<NoiseVector>();
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var file in Files)
        {
            using var stream = assembly.GetManifestResourceStream("Vectors." + file)
                ?? throw new InvalidOperationException($"Missing embedded resource {file}.");
            using var document = JsonDocument.Parse(stream);
            var vectors = document.RootElement.GetProperty("vectors").Deserialize<List<NoiseVector>>()
                ?? throw new InvalidOperationException($"No vectors in {file}.");
            for (var i = 0; i < vectors.Count; i++)
            {
                vectors[i].Origin = $"{Path.GetFileNameWithoutExtension(file).Replace("-supported", "", StringComparison.Ordinal)}#{i}";
            }

            result.AddRange(vectors);
        }

        return result;
    }
}
