import pytest
from customer import Customer
from ui import UI
from ui import Database, CRUD

def test_add_customer():
    database = Database("client.db")
    crud = CRUD(database)
    ui = UI(crud)

    customer = Customer("John Doe", "1990-01-01", 30, "Male", "1234567890")
    crud.add(customer)
    result = crud.query("John Doe")
    assert result == (customer.name, customer.birthday, customer.age, customer.sex, customer.phone)

def test_delete_customer():
    database = Database("client.db")
    crud = CRUD(database)
    ui = UI(crud)

    customer = Customer("John Doe", "1990-01-01", 30, "Male", "1234567890")
    crud.add(customer)
    crud.delete("John Doe")
    result = crud.query("John Doe")
    assert result is None

def test_modify_customer():
    database = Database("client.db")
    crud = CRUD(database)
    ui = UI(crud)

    customer = Customer("John Doe", "1990-01-01", 30, "Male", "1234567890")
    crud
