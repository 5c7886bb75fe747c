using System.Net;
using System.Text;

namespace Shop;

/// <summary>Server-rendered pages without a view engine: the shop has five of them. Every value that did not come
/// from this file goes through <see cref="E"/>.</summary>
static class Html
{
    public static IResult Page(string title, string body, int statusCode = StatusCodes.Status200OK) =>
        Results.Content($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} · Sample shop</title>
            <link rel="icon" href="data:,">
            <style>
            body { font: 16px/1.5 system-ui, sans-serif; color: #1f2933; background: #f5f7fa; margin: 0; }
            header { background: #1f2933; padding: .75rem 1.5rem; }
            header a { color: #fff; text-decoration: none; font-weight: 600; margin-right: 1.5rem; }
            main { max-width: 36rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: .5rem; }
            .price { font-size: 1.5rem; font-weight: 600; }
            button { font: inherit; background: #3b5bdb; color: #fff; border: 0; border-radius: .375rem; padding: .6rem 2rem; cursor: pointer; }
            .notice { background: #fff3bf; padding: .5rem .75rem; border-radius: .375rem; }
            .hint { color: #616e7c; font-size: .875rem; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
            dt { color: #616e7c; } dd { margin: 0; }
            table { border-collapse: collapse; width: 100%; font-size: .875rem; }
            th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #e4e7eb; }
            </style>
            </head>
            <body>
            <header><a href="/">Sample shop</a><a href="/orders">Orders</a></header>
            <main>
            {{body}}
            </main>
            </body>
            </html>
            """, "text/html; charset=utf-8", Encoding.UTF8, statusCode);

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
