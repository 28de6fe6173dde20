import type { AnyConnector } from '../core/index.ts';
import awsIot from './aws-iot/index.ts';
import azureBlob from './azure-blob/index.ts';
import elasticsearch from './elasticsearch/index.ts';
import hubspot from './hubspot/index.ts';
import httpApi from './http-api/index.ts';
import imap from './imap/index.ts';
import mqtt from './mqtt/index.ts';
import mssql from './mssql/index.ts';
import mysql from './mysql/index.ts';
import npmModule from './npm-module/index.ts';
import openai from './openai/index.ts';
import postgres from './postgres/index.ts';
import redis from './redis/index.ts';
import s3 from './s3/index.ts';
import salesforce from './salesforce/index.ts';
import sftp from './sftp/index.ts';
import smtp from './smtp/index.ts';
import snowflake from './snowflake/index.ts';
import upsales from './upsales/index.ts';

/** Every connection type, in the order the UI lists them. Adding a type: one folder plus one entry here. */
export const connectors = [
  postgres,
  mysql,
  mssql,
  snowflake,
  sftp,
  s3,
  azureBlob,
  salesforce,
  elasticsearch,
  hubspot,
  redis,
  smtp,
  imap,
  mqtt,
  awsIot,
  openai,
  upsales,
  httpApi,
  npmModule,
] as const;

export function findConnector(id: string): AnyConnector | undefined {
  return connectors.find((connector) => connector.id === id);
}
