// A real OpenID provider for the single sign-on tests (npm's oidc-provider), on 127.0.0.1 only.
// Its development login form signs in whoever is typed: ACCOUNTS maps that login to the claims.
import Provider from 'oidc-provider';

const port = Number(process.env.OP_PORT);
const accounts = JSON.parse(process.env.OP_ACCOUNTS);
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: process.env.OP_CLIENT_ID,
    client_secret: process.env.OP_CLIENT_SECRET,
    redirect_uris: [process.env.OP_REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], profile: ['institutional_id'] },
  async findAccount(ctx, id) {
    return { accountId: id, async claims() { return { sub: id, ...(accounts[id] || {}) }; } };
  },
  cookies: { keys: ['tests-only-cookie-key'] },
  features: { devInteractions: { enabled: true } },
});
provider.listen(port, '127.0.0.1', () => { console.log('ready'); });
