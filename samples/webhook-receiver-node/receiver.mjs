// npm install standardwebhooks    (or svix, and import { Webhook } from "svix": same constructor, same verify)
import http from "node:http";
import { Webhook } from "standardwebhooks";

// The Standard Webhooks and Svix libraries strip only "whsec_" from a secret: give them OpenCheckout's fwhsec_... as whsec_...
const webhook = new Webhook(process.env.OPENCHECKOUT_WEBHOOK_SECRET.replace(/^fwhsec_/, "whsec_"));

http.createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    // Verify the raw bytes as received: re-serialised JSON would not match the signature.
    const body = Buffer.concat(chunks).toString("utf8");
    let event;
    try {
      event = webhook.verify(body, request.headers);
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (event.event_type === "checkout.session.completed") {
      const sessionId = event.object.checkout_session.id;
      // Fulfil here — idempotently: the same event may arrive more than once, and the redirect may have come first.
    }
    response.writeHead(200).end();
  });
}).listen(Number(process.env.PORT ?? 5001));
