import type { TestFailure } from '../../core/index.ts';

const domain = /\.snowflakecomputing\.(com|cn)\/?$/i;
// orgname-accountname, or a locator with optional region, cloud and privatelink parts:
// 'MYORG-MYACCOUNT', 'xy12345', 'xy12345.eu-west-1', 'xy12345.eu-west-1.aws', 'xy12345.us-east-1.privatelink'.
const identifier = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9][A-Za-z0-9-]*){0,3}$/;

const where = "Find it in Snowsight under your name → Account → View account details (Account identifier), or run SELECT CURRENT_ORGANIZATION_NAME() || '-' || CURRENT_ACCOUNT_NAME().";

/** What is wrong with an account identifier's shape, or undefined when it looks like one. */
export function accountProblem(account: string): TestFailure | undefined {
  const text = account.trim();
  if (/^[a-z]+:\/\//i.test(text) || domain.test(text)) {
    const stripped = text.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').replace(domain, '').replace(/\.snowflakecomputing\.(com|cn)$/i, '');
    return {
      code: 'account_invalid',
      message: 'The account is a URL or host name, not an account identifier.',
      field: 'account',
      hint: `Write only the identifier, without https:// and .snowflakecomputing.com${identifier.test(stripped) ? `: account: '${stripped}'` : ''}. For a proxy or private link, give the URL in accessUrl instead.`,
    };
  }
  if (text !== account) {
    return { code: 'account_invalid', message: 'The account has spaces around it.', field: 'account', hint: 'Remove the spaces; copy-paste often adds them.' };
  }
  if (!identifier.test(account)) {
    return {
      code: 'account_invalid',
      message: 'The account is not an account identifier: it should be orgname-accountname or an account locator such as xy12345.eu-west-1.aws.',
      field: 'account',
      hint: where,
    };
  }
  return undefined;
}

/** The host snowflake-sdk connects to for an account when no accessUrl is given. */
export function accountHost(account: string): string {
  const region = account.split('.')[1] ?? '';
  return `${account}.snowflakecomputing.${/^cn-/i.test(region) ? 'cn' : 'com'}`;
}

/** Why an account's host does not resolve: most often a wrong identifier, not a DNS problem. */
export function unresolvedAccount(account: string): TestFailure {
  const locatorOnly = !account.includes('.') && !account.includes('-');
  return {
    code: 'host_not_found',
    message: `The host ${accountHost(account)} for this account could not be found.`,
    field: 'account',
    hint: `Check the account identifier. ${locatorOnly ? 'An account locator alone only works in AWS us-west-2: add the region and cloud (xy12345.eu-west-1.aws), or use orgname-accountname. ' : ''}${where}`,
  };
}
