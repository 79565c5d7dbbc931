using Microsoft.Playwright;

namespace SoundlinkDashboard.EndToEnd.Support;

/// <summary>
/// Knows when a page's Blazor Server circuit is live. Pages are prerendered, so their buttons are in the DOM before
/// the circuit starts, and a click in that gap does nothing. The probe (added to every page before its scripts run)
/// counts the render batches the server sends over the circuit's WebSocket; once the first one is applied the
/// prerendered markup has been replaced by live components.
/// </summary>
public static class BlazorCircuit
{
    public const string ProbeScript = """
        (() => {
          if (window.__e2eRenderBatches !== undefined) return;
          window.__e2eRenderBatches = 0;
          const marker = Array.from('JS.RenderBatch', c => c.charCodeAt(0));
          const contains = bytes => {
            outer: for (let i = 0; i + marker.length <= bytes.length; i++) {
              for (let j = 0; j < marker.length; j++) if (bytes[i + j] !== marker[j]) continue outer;
              return true;
            }
            return false;
          };
          const Native = window.WebSocket;
          window.WebSocket = class extends Native {
            constructor(url, protocols) {
              super(url, protocols);
              if (String(url).includes('/_blazor')) {
                this.addEventListener('message', e => {
                  const data = e.data;
                  const seen = typeof data === 'string' ? data.includes('JS.RenderBatch')
                    : data instanceof ArrayBuffer ? contains(new Uint8Array(data)) : false;
                  if (seen) window.__e2eRenderBatches++;
                });
              }
            }
          };
        })();
        """;

    /// <summary>Waits until the page's circuit has rendered at least once (call after every full page load).</summary>
    public static async Task WaitForCircuitAsync(this IPage page) =>
        await page.WaitForFunctionAsync("() => window.__e2eRenderBatches > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
}
