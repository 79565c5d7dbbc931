using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using SoundlinkDashboard.Components.Shared;
using SoundlinkDashboard.Core.Keys;

namespace SoundlinkDashboard.Tests.Components;

public sealed class KeyFormTests : MudComponentTest
{
    private const string ValidSecret = "sk_live_0123456789abcdef";

    private readonly List<KeyFormModel> _submitted = [];
    private readonly KeyFormModel _model = new();

    /// <summary>What OnSubmit received, copied at the time of the call (the form clears the secret afterwards).</summary>
    private readonly List<(string Name, string Secret, KeyHeaderStyle Style, string? BaseUrl)> _seen = [];

    private IRenderedComponent<KeyForm> RenderForm(KeyFormMode mode, IReadOnlyDictionary<string, string>? serverErrors = null) =>
        RenderWithPopovers<KeyForm>(p => p
            .Add(f => f.Mode, mode)
            .Add(f => f.Model, _model)
            .Add(f => f.ServerErrors, serverErrors)
            .Add(f => f.OnSubmit, model =>
            {
                _submitted.Add(model);
                _seen.Add((model.Name, model.Secret, model.HeaderStyle, model.BaseUrl));
            }));

    private static IElement Input(IRenderedComponent<KeyForm> form, string fieldClass) => form.Find($".{fieldClass} input");

    private static async Task SubmitAsync(IRenderedComponent<KeyForm> form) =>
        await form.Find("button.key-submit").ClickAsync(new MouseEventArgs());

    [Fact]
    public void The_secret_is_typed_into_a_password_field()
    {
        var form = RenderForm(KeyFormMode.Add);

        Assert.Equal("password", Input(form, "key-secret").GetAttribute("type"));
        Assert.Equal("off", Input(form, "key-secret").GetAttribute("autocomplete"));
    }

    [Fact]
    public async Task A_secret_that_is_not_a_soundlink_key_is_refused_and_nothing_is_submitted()
    {
        var form = RenderForm(KeyFormMode.Add);
        await Input(form, "key-name").ChangeAsync(new() { Value = "Main account" });
        await Input(form, "key-secret").ChangeAsync(new() { Value = "pk_x" });

        await SubmitAsync(form);

        Assert.Contains("A Soundlink key starts with sk_.", form.Find(".key-secret").TextContent);
        Assert.Empty(_submitted);
    }

    [Fact]
    public async Task An_empty_name_shows_the_required_message_and_nothing_is_submitted()
    {
        var form = RenderForm(KeyFormMode.Add);
        await Input(form, "key-secret").ChangeAsync(new() { Value = ValidSecret });

        await SubmitAsync(form);

        Assert.Contains("Give the key a name.", form.Find(".key-name").TextContent);
        Assert.Empty(_submitted);
    }

    [Fact]
    public void Errors_from_the_server_are_shown_on_their_own_fields()
    {
        var form = RenderForm(KeyFormMode.Add, new Dictionary<string, string>
        {
            ["Name"] = "This team already has a key named \"Main\".",
            ["Secret"] = "The server refused this secret.",
            ["BaseUrl"] = "The server refused this address.",
        });

        Assert.Contains("This team already has a key named \"Main\".", form.Find(".key-name").TextContent);
        Assert.Contains("The server refused this secret.", form.Find(".key-secret").TextContent);
        Assert.Contains("The server refused this address.", form.Find(".key-base-url").TextContent);
        Assert.DoesNotContain("The server refused this secret.", form.Find(".key-name").TextContent);
        Assert.DoesNotContain("This team already has a key", form.Find(".key-secret").TextContent);
        Assert.NotEmpty(form.FindAll(".key-name .mud-input-error"));
        Assert.NotEmpty(form.FindAll(".key-secret .mud-input-error"));
    }

    [Fact]
    public async Task A_valid_form_is_submitted_with_its_values_and_the_secret_is_cleared_afterwards()
    {
        var form = RenderForm(KeyFormMode.Add);
        await Input(form, "key-name").ChangeAsync(new() { Value = "Main account" });
        await Input(form, "key-secret").ChangeAsync(new() { Value = ValidSecret });
        await Input(form, "key-base-url").ChangeAsync(new() { Value = "https://simulator.example" });
        Assert.Equal(ValidSecret, Input(form, "key-secret").GetAttribute("value"));

        await SubmitAsync(form);

        var seen = Assert.Single(_seen);
        Assert.Equal("Main account", seen.Name);
        Assert.Equal(ValidSecret, seen.Secret);
        Assert.Equal(KeyHeaderStyle.XApiKey, seen.Style);
        Assert.Equal("https://simulator.example", seen.BaseUrl);
        Assert.Equal("", _model.Secret);
        form.WaitForAssertion(() => Assert.Equal("", Input(form, "key-secret").GetAttribute("value") ?? ""));
        Assert.DoesNotContain(ValidSecret, form.Markup);
        Assert.Equal("Main account", _model.Name);
    }

    [Fact]
    public void Editing_a_key_has_no_secret_field()
    {
        var form = RenderForm(KeyFormMode.Edit);

        Assert.Empty(form.FindAll(".key-secret"));
        Assert.Empty(form.FindAll("input[type=password]"));
        Assert.NotEmpty(form.FindAll(".key-name input"));
        Assert.NotEmpty(form.FindAll(".key-base-url input"));
        Assert.NotEmpty(form.FindAll(".key-header"));
    }

    [Fact]
    public async Task Changing_the_base_url_while_editing_asks_for_the_secret_and_submits_nothing_without_it()
    {
        var model = new KeyFormModel { Name = "Main", BaseUrl = "https://api.getsoundlink.com", OriginalBaseUrl = "https://api.getsoundlink.com" };
        var form = RenderWithPopovers<KeyForm>(p => p
            .Add(f => f.Mode, KeyFormMode.Edit)
            .Add(f => f.Model, model)
            .Add(f => f.OnSubmit, m => _seen.Add((m.Name, m.Secret, m.HeaderStyle, m.BaseUrl))));
        Assert.Empty(form.FindAll(".key-secret"));

        await Input(form, "key-base-url").ChangeAsync(new() { Value = "https://eu.api.getsoundlink.com" });
        await SubmitAsync(form);

        Assert.Empty(_seen);
        Assert.Contains(KeyRules.SecretNeededForNewBaseUrl, form.Find(".key-secret").TextContent);
        Assert.NotEmpty(form.FindAll(".key-secret .mud-input-error"));

        await Input(form, "key-secret").ChangeAsync(new() { Value = ValidSecret });
        await SubmitAsync(form);

        var seen = Assert.Single(_seen);
        Assert.Equal(ValidSecret, seen.Secret);
        Assert.Equal("https://eu.api.getsoundlink.com", seen.BaseUrl);
    }

    [Fact]
    public void Replacing_a_secret_has_only_the_secret_field()
    {
        var form = RenderForm(KeyFormMode.Replace);

        Assert.Single(form.FindAll("input[type=password]"));
        Assert.Single(form.FindAll("input:not([type=hidden])"));
        Assert.Empty(form.FindAll(".key-name"));
        Assert.Empty(form.FindAll(".key-header"));
        Assert.Empty(form.FindAll(".key-base-url"));
        Assert.Contains("Replace secret", form.Find("button.key-submit").TextContent);
    }
}
