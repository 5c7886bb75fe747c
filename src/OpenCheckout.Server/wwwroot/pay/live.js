// Live pages of Stripe accounts: the card is typed into Stripe's own fields, which turn it into a payment method; only that
// payment method's id reaches this server. Without Stripe.js the page cannot pay, and says nothing is charged.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.pay-form");
  const mount = document.getElementById("payment-element");
  if (!form || !mount || typeof Stripe !== "function") return;
  const stripe = Stripe(mount.dataset.publishableKey);
  const error = document.getElementById("payment_method-error");
  const button = form.querySelector("button.pay");
  const show = message => {
    error.textContent = message;
    error.hidden = false;
    setTimeout(() => { button.disabled = false; button.textContent = button.dataset.label; }, 0);
  };
  button.dataset.label = button.textContent;

  // Stripe asked for the buyer (3-D Secure): run its step, then let the server ask Stripe how it ended.
  if (mount.dataset.clientSecret) {
    button.disabled = true;
    stripe.handleNextAction({ clientSecret: mount.dataset.clientSecret })
      .finally(() => document.getElementById("confirm-form").submit());
    return;
  }

  const elements = stripe.elements({
    mode: "payment", amount: Number(mount.dataset.amount), currency: mount.dataset.currency,
    captureMethod: mount.dataset.captureMethod, paymentMethodTypes: ["card"],
  });
  elements.create("payment", { layout: "tabs" }).mount("#payment-element");

  form.addEventListener("submit", async event => {
    event.preventDefault();
    error.hidden = true;
    const submitted = await elements.submit();
    if (submitted.error) return show(submitted.error.message);
    const { paymentMethod, error: failed } = await stripe.createPaymentMethod({
      elements,
      params: { billing_details: { name: form.elements.name.value, email: form.elements.email.value } },
    });
    if (failed) return show(failed.message);
    form.elements.payment_method.value = paymentMethod.id;
    form.submit(); // does not fire "submit" again
  });
});
