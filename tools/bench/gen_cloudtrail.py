#!/usr/bin/env python3
"""Deterministic CloudTrail generator for whole-process benchmarks of `tripline run`.

Writes S3-style CloudTrail objects ({"Records":[...]}, 1,000 records each) until about SIZE
bytes, as files in DIR. Usage: gen_cloudtrail.py DIR SIZE_MB [SEED]
"""
import json
import os
import random
import sys

out_dir, size_mb = sys.argv[1], int(sys.argv[2])
rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
os.makedirs(out_dir, exist_ok=True)
users = ['alice', 'bob', 'carol', 'deploy', 'ci', 'admin']
calls = [('signin.amazonaws.com', 'ConsoleLogin'), ('ec2.amazonaws.com', 'DescribeInstances'),
         ('s3.amazonaws.com', 'GetObject'), ('iam.amazonaws.com', 'CreateAccessKey'),
         ('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress'), ('sts.amazonaws.com', 'AssumeRole'),
         ('secretsmanager.amazonaws.com', 'GetSecretValue'), ('cloudtrail.amazonaws.com', 'LookupEvents')]
target = size_mb * 1024 * 1024
written, n_file, t = 0, 0, 1796400000
while written < target:
    records = []
    for _ in range(1000):
        t += rnd.randint(0, 2)
        src, name = rnd.choice(calls)
        user = rnd.choice(users)
        rec = {'eventVersion': '1.08',
               'userIdentity': {'type': 'IAMUser', 'principalId': 'AIDA%08d' % rnd.randint(0, 99999999),
                                'arn': 'arn:aws:iam::123456789012:user/' + user, 'accountId': '123456789012',
                                'accessKeyId': 'AKIA%016d' % rnd.randint(0, 10**15), 'userName': user},
               'eventTime': '%sZ' % __import__('time').strftime('%Y-%m-%dT%H:%M:%S', __import__('time').gmtime(t)),
               'eventSource': src, 'eventName': name, 'awsRegion': 'us-east-1',
               'sourceIPAddress': '%d.%d.%d.%d' % (rnd.choice([10, 203, 198]), rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(1, 254)),
               'userAgent': 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.debian.12',
               'requestParameters': {'instancesSet': {'items': [{'instanceId': 'i-%017x' % rnd.getrandbits(68)}]}},
               'responseElements': None, 'requestID': '%032x' % rnd.getrandbits(128),
               'eventID': '%032x' % rnd.getrandbits(128), 'readOnly': name.startswith(('Describe', 'Get', 'Lookup')),
               'eventType': 'AwsApiCall', 'managementEvent': True, 'recipientAccountId': '123456789012',
               'eventCategory': 'Management',
               'tlsDetails': {'tlsVersion': 'TLSv1.3', 'cipherSuite': 'TLS_AES_128_GCM_SHA256',
                              'clientProvidedHostHeader': src}}
        if name == 'ConsoleLogin':
            rec['responseElements'] = {'ConsoleLogin': 'Success' if rnd.random() < 0.8 else 'Failure'}
            rec['additionalEventData'] = {'MFAUsed': 'No', 'LoginTo': 'https://console.aws.amazon.com/'}
        records.append(rec)
    path = os.path.join(out_dir, 'AWSLogs/123456789012/CloudTrail/us-east-1/2026/12/04/obj_%06d.json' % n_file)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = json.dumps({'Records': records}, separators=(',', ':'))
    with open(path, 'w') as f:
        f.write(data)
    written += len(data)
    n_file += 1
print('%d files, %d bytes, %d records' % (n_file, written, n_file * 1000))
