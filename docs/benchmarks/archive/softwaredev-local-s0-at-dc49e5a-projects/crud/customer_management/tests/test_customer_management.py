import pytest
from customer import Customer
from ui import UI

@pytest.fixture
def ui():
    return UI()

def test_add_customer(ui):
    customer = Customer("John Doe", datetime(1990, 1, 1), 30, "Male", "123-456-7890")
    ui.add_customer(customer)
    assert ui.query_customer("John Doe") == (customer.name, customer.birthday, customer.age, customer.sex, customer.phone)

def test_delete_customer(ui):
    customer_id = 1
    ui.add_customer(Customer("John Doe", datetime(1990, 1, 1), 30, "Male", "123-456-7890"))
    ui.delete_customer(customer_id)
    assert ui.query_customer("John Doe") is None

def test_modify_customer(ui):
    customer_id = 1
    customer = Customer("John Doe", datetime(1990, 1, 1), 30, "Male", "123-456-7890")
    ui.add_customer(customer)
    new_customer = Customer("John Doe", datetime(1991, 1, 1), 31, "Male", "123-456-7891")
    ui.modify_customer(customer_id, new_customer)
    assert ui.query_customer("John Doe") == (new_customer.name, new_customer.birthday, new_customer.age, new_customer.sex, new_customer.phone)

def test_query_customer(ui):
    customer_id = 1
    customer = Customer("John Doe", datetime(1990, 1, 1), 30, "Male", "123-456-7890")
    ui.add_customer(customer)
    result = ui.query_customer("John Doe")
    assert result == (customer.name, customer.birthday, customer.age, customer.sex, customer.phone)

def test_add_customer_existing(ui):
    customer = Customer("John Doe", datetime(1990, 1, 1), 30, "Male", "123-456-7890")
    ui.add_customer(customer)
    with pytest.raises(sqlite3.IntegrityError):
        ui.add_customer(customer)

def test_delete_customer_nonexistent(ui):
    customer_id = 1
    with pytest.raises(sqlite3.OperationalError):
        ui.delete_customer(customer_id)

def test_modify_customer_nonexistent(ui):
    customer_id = 1
    new_customer = Customer("John Doe", datetime(1991, 1, 1), 31, "Male", "123-456-7891")
    with pytest.raises(sqlite3.OperationalError):
        ui.modify_customer(customer_id, new_customer)

def test_query_customer_nonexistent(ui):
    with pytest.raises(sqlite3.OperationalError):
        ui.query_customer("John Doe")
