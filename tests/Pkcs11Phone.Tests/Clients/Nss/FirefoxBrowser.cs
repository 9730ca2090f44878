using System.Text;
using System.Text.Json.Nodes;

namespace Pkcs11Phone.Tests.Clients.Nss;

/// <summary>
/// Firefox ESR, headless, on a fresh profile, driven through Marionette. The profile's preferences keep it off the
/// internet: no updates, telemetry, studies, remote settings, captive-portal or connectivity checks, safe browsing,
/// prefetching or DNS over HTTPS, and every connection that is not to 127.0.0.1 goes to a proxy on 127.0.0.1:9,
/// where nothing answers.
/// </summary>
public sealed class FirefoxBrowser : IDisposable
{
    public const string Executable = "firefox-esr";
    private readonly Background _process;
    public MarionetteClient Marionette { get; }
    public string Profile { get; }

    private FirefoxBrowser(NssPhone phone, string executable, string profile, int marionettePort)
    {
        Profile = profile;
        var env = new Dictionary<string, string?>(phone.Environment)
        {
            ["MOZ_HEADLESS"] = "1",
            ["MOZ_CRASHREPORTER_DISABLE"] = "1",
            ["XDG_CACHE_HOME"] = Path.Combine(profile, "..", "cache"),
            ["DISPLAY"] = null,
            ["WAYLAND_DISPLAY"] = null,
        };
        _process = new Background("firefox", executable,
            ["--headless", "--marionette", "-remote-allow-system-access", "--profile", profile, "-no-remote", "about:blank"],
            env, TimeSpan.FromSeconds(300));
        try
        {
            Marionette = MarionetteClient.Connect(marionettePort, TimeSpan.FromSeconds(60), () => !_process.HasExited);
            Marionette.Command("WebDriver:NewSession", new Dictionary<string, object>
            {
                ["pageLoadStrategy"] = "none",
                ["unhandledPromptBehavior"] = "ignore",
                ["acceptInsecureCerts"] = false,
            });
        }
        catch (Exception e)
        {
            var output = _process.ToString();
            _process.Dispose();
            Assert.Fail($"Firefox did not start with Marionette: {e.Message}\n{output}");
            throw;
        }
    }

    /// <summary>A fresh profile: an NSS database (certutil -N), the test CA trusted for servers, and the preferences.</summary>
    public static (string Profile, NssDb Db, int MarionettePort) NewProfile(NssPhone phone, string name, ServerPki pki)
    {
        var db = NssDb.Create(phone, name);
        db.TrustServerCa(pki.CaCertFile);
        int port = Proc.FreePort();
        File.WriteAllText(Path.Combine(db.Dir, "user.js"), Preferences(port));
        return (db.Dir, db, port);
    }

    public static FirefoxBrowser Start(NssPhone phone, string profile, int marionettePort, string executable = Executable) =>
        new(phone, executable, profile, marionettePort);

    /// <summary>
    /// A private Firefox installation for enterprise policies: the real installation's files, linked, with its own
    /// <c>distribution/policies.json</c> (where an administrator puts it) and its own copy of the launcher, so that
    /// Firefox takes this directory for its installation directory. Nothing system-wide changes.
    /// </summary>
    public static string PrivateInstallation(string dir, string policiesJson)
    {
        var launcher = new FileInfo("/usr/bin/" + Executable).ResolveLinkTarget(true)?.FullName ?? "/usr/lib/firefox-esr/firefox-esr";
        var real = Path.GetDirectoryName(launcher)!;
        Directory.CreateDirectory(dir);
        foreach (var entry in Directory.EnumerateFileSystemEntries(real))
        {
            var name = Path.GetFileName(entry);
            if (name == "distribution" || entry == launcher) continue;
            File.CreateSymbolicLink(Path.Combine(dir, name), entry);
        }
        var copy = Path.Combine(dir, Path.GetFileName(launcher));
        File.Copy(launcher, copy);
        File.SetUnixFileMode(copy, File.GetUnixFileMode(launcher));
        Directory.CreateDirectory(Path.Combine(dir, "distribution"));
        File.WriteAllText(Path.Combine(dir, "distribution", "policies.json"), policiesJson);
        return copy;
    }

    public static string Preferences(int marionettePort)
    {
        var prefs = new (string Name, object Value)[]
        {
            ("marionette.port", marionettePort),
            // The client certificate is chosen without asking (the server accepts one issuer only).
            ("security.default_personal_cert", "Select Automatically"),
            ("app.update.disabledForTesting", true),
            ("app.update.auto", false),
            ("app.update.checkInstallTime", false),
            ("browser.shell.checkDefaultBrowser", false),
            ("browser.startup.homepage_override.mstone", "ignore"),
            ("browser.startup.page", 0),
            ("browser.aboutwelcome.enabled", false),
            ("startup.homepage_welcome_url", ""),
            ("startup.homepage_welcome_url.additional", ""),
            ("datareporting.policy.dataSubmissionEnabled", false),
            ("datareporting.healthreport.uploadEnabled", false),
            ("datareporting.policy.firstRunURL", ""),
            ("toolkit.telemetry.enabled", false),
            ("toolkit.telemetry.unified", false),
            ("toolkit.telemetry.archive.enabled", false),
            ("toolkit.telemetry.server", ""),
            ("app.normandy.enabled", false),
            ("app.normandy.api_url", ""),
            ("app.shield.optoutstudies.enabled", false),
            ("messaging-system.rsexperimentloader.enabled", false),
            ("services.settings.server", "http://127.0.0.1:9/v1"),
            ("network.captive-portal-service.enabled", false),
            ("network.connectivity-service.enabled", false),
            ("network.dns.disablePrefetch", true),
            ("network.prefetch-next", false),
            ("network.predictor.enabled", false),
            ("network.http.speculative-parallel-limit", 0),
            ("network.trr.mode", 5),
            ("browser.safebrowsing.malware.enabled", false),
            ("browser.safebrowsing.phishing.enabled", false),
            ("browser.safebrowsing.downloads.enabled", false),
            ("browser.safebrowsing.downloads.remote.enabled", false),
            ("browser.safebrowsing.blockedURIs.enabled", false),
            ("browser.safebrowsing.provider.mozilla.updateURL", ""),
            ("browser.safebrowsing.provider.google4.updateURL", ""),
            ("extensions.update.enabled", false),
            ("extensions.getAddons.cache.enabled", false),
            ("extensions.blocklist.enabled", false),
            ("extensions.systemAddon.update.enabled", false),
            ("browser.search.update", false),
            ("browser.region.update.enabled", false),
            ("browser.region.network.url", ""),
            ("geo.provider.network.url", ""),
            ("media.gmp-manager.updateEnabled", false),
            ("media.gmp-manager.url", ""),
            ("browser.newtabpage.enabled", false),
            ("browser.newtabpage.activity-stream.feeds.topsites", false),
            ("browser.newtabpage.activity-stream.feeds.section.topstories", false),
            ("browser.topsites.contile.enabled", false),
            ("identity.fxaccounts.enabled", false),
            ("security.OCSP.enabled", 0),
            ("security.remote_settings.crlite_filters.enabled", false),
            ("security.remote_settings.intermediates.enabled", false),
            ("network.proxy.type", 1),
            ("network.proxy.http", "127.0.0.1"),
            ("network.proxy.http_port", 9),
            ("network.proxy.ssl", "127.0.0.1"),
            ("network.proxy.ssl_port", 9),
            ("network.proxy.share_proxy_settings", true),
            ("network.proxy.no_proxies_on", "127.0.0.1"),
            ("network.proxy.allow_hijacking_localhost", false),
        };
        var sb = new StringBuilder("// Written by the Pkcs11Phone tests: a headless, offline Firefox.\n");
        foreach (var (name, value) in prefs)
        {
            var v = value switch
            {
                bool b => b ? "true" : "false",
                int i => i.ToString(),
                string s => JsonValue.Create(s).ToJsonString(),
                _ => throw new ArgumentException(name),
            };
            sb.Append($"user_pref(\"{name}\", {v});\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// Installs, in the browser's chrome, an observer that answers the next password dialogs with <paramref name="pin"/>
    /// and logs every dialog it sees. While NSS's token password dialog is up, Firefox's socket thread waits for it,
    /// Marionette's own connection included: so the answer is set up beforehand, through Marionette, and runs in the
    /// browser when the dialog loads.
    /// </summary>
    public void AnswerPasswordPrompts(string pin)
    {
        Marionette.SetContext("chrome");
        Marionette.Execute("""
            const pin = arguments[0];
            const log = window.pkcs11phonePrompts = [];
            const observer = {
              observe(dialog) {
                const doc = dialog.document;
                const field = doc.getElementById("password1Textbox");
                log.push({ title: doc.title, text: doc.getElementById("infoBody")?.textContent ?? "", password: !!field });
                if (!field) return;
                field.value = pin;
                doc.getElementById("commonDialog").acceptDialog();
              },
            };
            window.pkcs11phoneObserver = observer;
            Services.obs.addObserver(observer, "common-dialog-loaded");
            return true;
            """, pin);
    }

    /// <summary>The dialogs the observer has answered: (title, text).</summary>
    public List<(string Title, string Text)> Prompts()
    {
        Marionette.SetContext("chrome");
        var list = Marionette.Execute("return window.pkcs11phonePrompts ?? [];") as JsonArray ?? [];
        return list.Select(p => (p!["title"]?.ToString() ?? "", p["text"]?.ToString() ?? "")).ToList();
    }

    /// <summary>Loads a page in the current tab and waits until it has loaded; returns the address shown in the end.</summary>
    public string Load(string url, TimeSpan timeout)
    {
        Marionette.SetContext("chrome");
        Marionette.Execute("""
            gBrowser.selectedBrowser.loadURI(Services.io.newURI(arguments[0]),
              { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
            return true;
            """, url);
        string shown = "";
        bool done = Proc.WaitUntil(() =>
        {
            JsonArray? state;
            try
            {
                state = Marionette.Execute("""
                    const b = gBrowser.selectedBrowser;
                    return [b.documentURI?.spec ?? "", b.webProgress.isLoadingDocument];
                    """) as JsonArray;
            }
            catch (IOException e)
            {
                // A dialog nobody answered holds the socket thread, Marionette's connection with it.
                Assert.Fail($"Marionette stopped answering while {url} loaded (a dialog left open?): {e.Message}\n{Output}");
                throw;
            }
            shown = state?[0]?.ToString() ?? "";
            bool loading = state?[1]?.GetValue<bool>() ?? true;
            return !loading && (shown.StartsWith(url, StringComparison.Ordinal) || shown.StartsWith("about:neterror", StringComparison.Ordinal)
                || shown.StartsWith("about:certerror", StringComparison.Ordinal));
        }, timeout, 250);
        Assert.That(done, Is.True, $"{url} did not load within {timeout.TotalSeconds} s (showing {shown})");
        return shown;
    }

    public string PageSource()
    {
        Marionette.SetContext("content");
        return Marionette.Command("WebDriver:GetPageSource")?["value"]?.ToString() ?? "";
    }

    /// <summary>The PKCS#11 modules Firefox has loaded, as "name: library".</summary>
    public List<string> Modules()
    {
        Marionette.SetContext("chrome");
        var list = Marionette.Execute("""
            const db = Cc["@mozilla.org/security/pkcs11moduledb;1"].getService(Ci.nsIPKCS11ModuleDB);
            return (async () => {
              const out = [];
              for (const m of await db.listModules()) out.push(m.name + ": " + (m.libName ?? ""));
              return out;
            })();
            """) as JsonArray ?? [];
        return list.Select(x => x?.ToString() ?? "").ToList();
    }

    public string Output => _process.ToString();

    public void Dispose()
    {
        try
        {
            Marionette.Command("Marionette:Quit", new Dictionary<string, object> { ["flags"] = new[] { "eForceQuit" } });
        }
        catch (Exception e) when (e is IOException or MarionetteException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // Killed below.
        }
        Marionette.Dispose();
        _process.WaitForExit(TimeSpan.FromSeconds(20));
        _process.Dispose();
    }
}
