using Microsoft.AspNetCore.Razor.TagHelpers;

namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>A wide table scrolls sideways inside its <c>div.table-wrap</c> on a narrow screen, and someone without a
/// mouse must be able to scroll it (axe: scrollable-region-focusable): every such div is a tab stop, and a region when
/// the page names it.</summary>
[HtmlTargetElement("div", Attributes = "[class=table-wrap]")]
public sealed class TableWrapTagHelper : TagHelper
{
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.Attributes.SetAttribute("tabindex", "0");
        if (output.Attributes.ContainsName("aria-label")) output.Attributes.SetAttribute("role", "region");
    }
}
