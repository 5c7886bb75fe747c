// Stand-in for Stripe.js v3 (https://js.stripe.com/v3/), served by OpenCheckout's FakeStripe to tests only.
// It offers what a "finalize payments on the server" checkout uses, named as in @stripe/stripe-js 10.2.1's types:
// Stripe(pk).elements({mode, amount, currency, ...}), elements.create('payment').mount(...), element.on('change'),
// elements.update/submit, stripe.createPaymentMethod({elements, params}), stripe.handleNextAction({clientSecret}),
// stripe.retrievePaymentIntent(clientSecret). As with the real one, card fields live in a frame on this script's
// origin and the number goes from that frame to /v1/payment_methods: the host page's scripts never see it.
(function () {
  'use strict';
  const origin = new URL(document.currentScript.src).origin;

  function integrationError(message) {
    const error = new Error(message);
    error.name = 'IntegrationError';
    return error;
  }

  function Stripe(publishableKey) {
    if (!(this instanceof Stripe)) return new Stripe(publishableKey);
    if (typeof publishableKey !== 'string' || !publishableKey.startsWith('pk_')) {
      throw integrationError('Invalid value for Stripe(): apiKey should be a publishable key (pk_test_...).');
    }
    this._key = publishableKey;
  }

  Stripe.prototype.elements = function (options) {
    options = Object.assign({}, options);
    if (options.mode && !['payment', 'setup', 'subscription'].includes(options.mode)) {
      throw integrationError(`Invalid value for elements(): mode should be payment, setup or subscription. You specified: ${options.mode}.`);
    }
    if (options.mode === 'payment' && (!Number.isInteger(options.amount) || !options.currency)) {
      throw integrationError('In mode: payment, elements() needs an integer amount and a currency.');
    }
    return new Elements(this._key, options);
  };

  Stripe.prototype.retrievePaymentIntent = async function (clientSecret) {
    const id = String(clientSecret).split('_secret_')[0];
    const response = await fetch(`${origin}/v1/payment_intents/${encodeURIComponent(id)}?client_secret=${encodeURIComponent(clientSecret)}`,
      { headers: { Authorization: `Bearer ${this._key}` } });
    const body = await response.json();
    return body.error ? { error: body.error } : { paymentIntent: body };
  };

  Stripe.prototype.createPaymentMethod = async function (options) {
    const elements = options && options.elements;
    if (!(elements instanceof Elements)) {
      throw integrationError('stripe.createPaymentMethod(): the stand-in supports only {elements, params}.');
    }
    if (!elements._submitted) {
      throw integrationError('elements.submit() must be called before stripe.createPaymentMethod().');
    }
    const params = options.params || {};
    const result = await elements._element._ask({ type: 'createPaymentMethod', billing_details: params.billing_details || {} });
    return result.error ? { error: result.error } : { paymentMethod: result.paymentMethod };
  };

  Stripe.prototype.handleNextAction = async function (options) {
    const clientSecret = options && options.clientSecret;
    let result = await this.retrievePaymentIntent(clientSecret);
    if (result.error) return result;
    const intent = result.paymentIntent;
    if (intent.status !== 'requires_action' || !intent.next_action || intent.next_action.type !== 'use_stripe_sdk') return result;
    await challenge(clientSecret);
    result = await this.retrievePaymentIntent(clientSecret);
    if (result.error) return result;
    const after = result.paymentIntent;
    // Like Stripe.js: a failed authentication resolves with the payment intent's last error.
    if (after.status === 'requires_payment_method' && after.last_payment_error) {
      return { error: Object.assign({}, after.last_payment_error, { payment_intent: after }) };
    }
    return result;
  };

  // The test 3-D Secure page, in a modal frame on the fake's origin; resolves once it has told the fake the outcome.
  function challenge(clientSecret) {
    return new Promise(resolve => {
      const overlay = document.createElement('div');
      overlay.style.cssText = 'position:fixed;inset:0;background:rgba(0,0,0,.5);display:flex;align-items:center;justify-content:center;z-index:2147483647';
      const frame = document.createElement('iframe');
      frame.title = '3D Secure authentication';
      frame.src = `${origin}/v3/three-d-secure.html#${new URLSearchParams({ client_secret: clientSecret, origin: location.origin })}`;
      frame.style.cssText = 'width:420px;height:320px;border:0;background:#fff';
      overlay.appendChild(frame);
      document.body.appendChild(overlay);
      window.addEventListener('message', function done(event) {
        if (event.source !== frame.contentWindow || event.origin !== origin || event.data.type !== 'three-d-secure-done') return;
        window.removeEventListener('message', done);
        overlay.remove();
        resolve();
      });
    });
  }

  function Elements(key, options) {
    this._key = key;
    this._options = options;
    this._element = null;
    this._submitted = false;
  }

  Elements.prototype.create = function (type, options) {
    if (type !== 'payment') throw integrationError(`elements.create('${type}'): the stand-in offers only the 'payment' element.`);
    if (this._element) throw integrationError('Can only create one Element of type payment.');
    this._element = new PaymentElement(this._key, options || {});
    return this._element;
  };

  Elements.prototype.getElement = function (type) {
    return type === 'payment' ? this._element : null;
  };

  Elements.prototype.update = async function (options) {
    Object.assign(this._options, options);
  };

  Elements.prototype.submit = async function () {
    if (!this._element || !this._element._frame) {
      return { error: { type: 'validation_error', message: 'Mount a payment Element before calling elements.submit().' } };
    }
    const result = await this._element._ask({ type: 'submit' });
    this._submitted = !result.error;
    return result.error ? { error: result.error } : { selectedPaymentMethod: 'card' };
  };

  function PaymentElement(key, options) {
    this._key = key;
    this._options = options;
    this._handlers = {};
    this._frame = null;
    this._waiting = new Map();
    this._next = 0;
    this._ready = new Promise(resolve => { this._markReady = resolve; });
    this._listener = event => this._receive(event);
  }

  PaymentElement.prototype.mount = function (target) {
    const container = typeof target === 'string' ? document.querySelector(target) : target;
    if (!container) throw integrationError(`The selector you specified (${target}) applies to no DOM elements.`);
    const frame = document.createElement('iframe');
    frame.title = 'Secure payment input frame';
    frame.src = `${origin}/v3/card-frame.html#${new URLSearchParams({ key: this._key, origin: location.origin })}`;
    frame.style.cssText = 'width:100%;height:230px;border:0';
    window.addEventListener('message', this._listener);
    container.appendChild(frame);
    this._frame = frame;
  };

  PaymentElement.prototype.unmount = function () {
    window.removeEventListener('message', this._listener);
    if (this._frame) this._frame.remove();
    this._frame = null;
  };

  PaymentElement.prototype.destroy = PaymentElement.prototype.unmount;

  PaymentElement.prototype.on = function (event, handler) {
    (this._handlers[event] = this._handlers[event] || []).push(handler);
    return this;
  };

  PaymentElement.prototype.off = function (event, handler) {
    this._handlers[event] = (this._handlers[event] || []).filter(h => h !== handler);
    return this;
  };

  PaymentElement.prototype._receive = function (event) {
    if (!this._frame || event.source !== this._frame.contentWindow || event.origin !== origin) return;
    const message = event.data;
    if (message.type === 'ready') {
      this._markReady();
      (this._handlers.ready || []).forEach(h => h({ elementType: 'payment' }));
    } else if (message.type === 'change') {
      const change = { elementType: 'payment', complete: message.complete, empty: message.empty, collapsed: false, value: { type: 'card' } };
      (this._handlers.change || []).forEach(h => h(change));
    } else if (message.reply && this._waiting.has(message.reply)) {
      this._waiting.get(message.reply)(message.result);
      this._waiting.delete(message.reply);
    }
  };

  PaymentElement.prototype._ask = async function (message) {
    await this._ready;
    return new Promise(resolve => {
      const id = ++this._next;
      this._waiting.set(id, resolve);
      this._frame.contentWindow.postMessage(Object.assign({ id }, message), origin);
    });
  };

  window.Stripe = Stripe;
})();
